package blog.pipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPU accounting reads Linux's {@code /proc}: the driver's own process is the one whose work a test controls. */
class CpuTimeTests {

	@Test
	void countsTheCpuAProcessUsedDuringThePhase() {
		long pid = ProcessHandle.current().pid();
		CpuTime cpu = CpuTime.start(Map.of("self", pid, "gone", Long.MAX_VALUE));
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
		long sum = 0;
		// 0.3 s of this thread's own CPU time, however long that takes on a busy machine
		while (threads.getCurrentThreadCpuTime() < until) {
			sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
		}
		CpuTime.Phase phase = cpu.stop();
		assertThat(sum).isPositive();
		assertThat(phase.seconds()).containsOnlyKeys("self");
		// the process used at least what this thread did, give or take a clock tick (10 ms) at each end
		assertThat(phase.seconds().get("self")).isGreaterThanOrEqualTo(0.28);
		assertThat(phase.machineBusy()).isBetween(0.0, 1.0);
	}

}
