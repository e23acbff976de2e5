/**
 * Test networks made of Linux network namespaces, for integration tests, benchmarks and the
 * one-machine lab.
 *
 * <p>Why it is built this way:
 * <ul>
 *   <li><b>Plain {@code ip}, {@code iptables} and {@code tc} through {@link java.lang.ProcessBuilder}</b>,
 *       with argument lists and never a shell, so nothing a caller passes is ever interpreted, and
 *       every failure names the exact command and its stderr. The commands are the same ones a
 *       person would type, so any step can be reproduced by hand.</li>
 *   <li><b>Everything is named with a per-run prefix</b> ({@code mpt} and five hex digits) and
 *       registered the moment it exists. {@link io.meshperf.agent.netns.VirtualNetwork#close()}
 *       undoes the registry newest first, a shutdown hook does the same on Ctrl-C, and
 *       {@link io.meshperf.agent.netns.Leftovers} removes what a SIGKILLed run left, by prefix. A
 *       run can therefore never remove something it did not create.</li>
 *   <li><b>The root namespace stays as it was.</b> Bridges live in a "switch" namespace rather than
 *       the root (whose bridge netfilter and nat table would otherwise see every frame), and
 *       sysctls and iptables rules are refused in the root namespace: inside a namespace they vanish
 *       with it, in the root they would outlive the run.</li>
 *   <li><b>Processes are stopped by their own PID</b> (and their children's), never by name: the
 *       machine may run other qperf or Java processes that are not ours. A process left in a
 *       namespace keeps it alive invisibly, so namespace removal first stops whatever
 *       {@code ip netns pids} lists.</li>
 *   <li><b>kube-proxy's rules are reproduced exactly</b> (chain layout, chain-name hashing,
 *       {@code statistic} probabilities) so that a test through the ClusterIP meets the same
 *       per-connection random choice a cluster makes.</li>
 *   <li><b>{@link io.meshperf.agent.netns.CommandRunner} is an interface</b> only so that the
 *       bookkeeping (order of removal, cleanup after a failure) is tested without root.</li>
 * </ul>
 */
package io.meshperf.agent.netns;
