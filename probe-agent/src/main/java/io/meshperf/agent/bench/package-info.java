/**
 * {@code bench-fidelity}: how closely meshperf's qperf engine reproduces stock qperf's figures.
 *
 * <p>Both programs run as subprocesses and are read through the same parser of qperf's printed
 * output, so the comparison includes everything a user sees (the figures as printed, after unit
 * scaling) and nothing is measured in-process with an advantage. Speed targets live here, in a
 * benchmark command, rather than in timed tests: on a shared machine they are figures to read
 * side by side, not pass/fail checks that would flake.
 */
package io.meshperf.agent.bench;
