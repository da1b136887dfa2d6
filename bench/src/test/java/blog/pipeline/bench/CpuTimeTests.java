package blog.pipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
		assertThat(phase.jitSeconds()).containsOnlyKeys("self");
		assertThat(phase.jitSeconds().get("self")).isBetween(0.0, phase.seconds().get("self"));
		// the process used at least what this thread did, give or take a clock tick (10 ms) at each end
		assertThat(phase.seconds().get("self")).isGreaterThanOrEqualTo(0.28);
		assertThat(phase.machineBusy()).isBetween(0.0, 1.0);
	}

	@Test
	void countsHotSpotsCompilerThreadsAsTheJit() throws IOException {
		assertThat(CpuTime.isJitCompiler("C2 CompilerThre")).isTrue();
		assertThat(CpuTime.isJitCompiler("C1 CompilerThre")).isTrue();
		assertThat(CpuTime.isJitCompiler("C2 CompilerThread0")).isTrue();
		assertThat(CpuTime.isJitCompiler("VM Thread")).isFalse();
		assertThat(CpuTime.isJitCompiler("kafka-producer-")).isFalse();
		// this JVM's compiler threads carry the names the check expects
		assertThat(threadNames(ProcessHandle.current().pid())).anyMatch(CpuTime::isJitCompiler);
	}

	private static List<String> threadNames(long pid) throws IOException {
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
			for (Path thread : threads) {
				names.add(Files.readString(thread.resolve("comm")).strip());
			}
		}
		return names;
	}

}
