package io.meshperf.agent.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest
    @CsvSource({"::1, ::1", "127.0.0.1, 127.0.0.1", "::ffff:10.0.0.7, 10.0.0.7", "fd00:0:0:1::2, fd00:0:0:1::2",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", "fe80::1%1, fe80::1", "::, ::"})
    void serverAddressesAreShownTheShortWay(String address, String shown) throws Exception {
        assertThat(QperfServer.addressText(InetAddress.getByName(address))).isEqualTo(shown);
    }
}
