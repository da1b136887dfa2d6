package blog.pipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The CPU time each process of the stack (and the driver itself) used during one phase of the run, the part of it
 * its JIT compiler threads used, and how busy the whole machine was, read from Linux's {@code /proc}: it tells which
 * process bounds a phase when every process shares the same cores, and whether the JVMs were still compiling the
 * code the phase ran (then the phase measured the warm-up as much as the pipeline).
 */
final class CpuTime {

	/** Linux reports process times in clock ticks of 1/100 s ({@code USER_HZ}) on every platform the JDK runs on. */
	private static final double TICKS_PER_SECOND = 100;

	private final Map<String, Long> pids;

	private final Map<String, Ticks> startTicks;

	private final long[] startMachine;

	private CpuTime(Map<String, Long> pids) {
		this.pids = pids;
		this.startTicks = ticks(pids);
		this.startMachine = machineTicks();
	}

	/** Starts counting for the processes of {@code pids} (name → pid). */
	static CpuTime start(Map<String, Long> pids) {
		return new CpuTime(new LinkedHashMap<>(pids));
	}

	/**
	 * The CPU seconds each process and its JIT compiler threads used since {@link #start}, and the machine's busy
	 * share over the same time.
	 */
	Phase stop() {
		Map<String, Ticks> end = ticks(this.pids);
		long[] machine = machineTicks();
		Map<String, Double> seconds = new LinkedHashMap<>();
		Map<String, Double> jitSeconds = new LinkedHashMap<>();
		this.startTicks.forEach((name, start) -> {
			Ticks last = end.get(name);
			if (last != null) {
				seconds.put(name, (last.process() - start.process()) / TICKS_PER_SECOND);
				// a compiler thread that ended took its ticks along: never count less than nothing
				jitSeconds.put(name, Math.max(0, last.jit() - start.jit()) / TICKS_PER_SECOND);
			}
		});
		long total = machine[0] - this.startMachine[0];
		long idle = machine[1] - this.startMachine[1];
		return new Phase(seconds, jitSeconds, (total > 0) ? 1 - (double) idle / total : Double.NaN);
	}

	/** Whether a thread of this name (field 2 of {@code /proc/<pid>/task/<tid>/stat}) is a HotSpot JIT compiler. */
	static boolean isJitCompiler(String threadName) {
		// HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"; Linux keeps the first 15 characters
		return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
	}

	private static Map<String, Ticks> ticks(Map<String, Long> pids) {
		Map<String, Ticks> ticks = new LinkedHashMap<>();
		pids.forEach((name, pid) -> {
			Long used = ticksOf(Path.of("/proc/" + pid + "/stat"));
			if (used != null) {
				ticks.put(name, new Ticks(used, jitTicks(pid)));
			}
		});
		return ticks;
	}

	/** The ticks the process's JIT compiler threads used so far. */
	private static long jitTicks(long pid) {
		long jit = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
			for (Path thread : threads) {
				String stat = readOrNull(thread.resolve("stat"));
				// the thread's name is field 2 of its stat, in parentheses
				if (stat != null && isJitCompiler(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
					jit += ticksIn(stat);
				}
			}
		}
		catch (IOException ex) {
			// the process ended meanwhile: its total says so
		}
		return jit;
	}

	/** utime + stime (fields 14 and 15) of a {@code stat} file of a live process or thread, or null if it is gone. */
	private static @Nullable Long ticksOf(Path statFile) {
		String stat = readOrNull(statFile);
		return (stat != null) ? ticksIn(stat) : null;
	}

	private static long ticksIn(String stat) {
		// the command name (field 2) may hold spaces: count fields after its closing parenthesis
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static @Nullable String readOrNull(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The machine's total and idle (idle + iowait) ticks, from the first line of {@code /proc/stat}. */
	private static long[] machineTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			return new long[] { total, Long.parseLong(fields[4]) + Long.parseLong(fields[5]) };
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read /proc/stat", ex);
		}
	}

	/**
	 * What one phase used.
	 * @param seconds CPU seconds per process name
	 * @param jitSeconds of those, the CPU seconds of the process's JIT compiler threads
	 * @param machineBusy the share of the machine's CPU time (all cores) that was not idle, 0–1
	 */
	record Phase(Map<String, Double> seconds, Map<String, Double> jitSeconds, double machineBusy) {

	}

	/** A process's ticks so far, all threads and its JIT compiler threads. */
	private record Ticks(long process, long jit) {

	}

}
