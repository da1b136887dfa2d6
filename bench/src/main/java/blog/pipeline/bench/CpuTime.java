package blog.pipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each process of the stack (and the driver itself) used during one phase of the run, and how busy the
 * whole machine was, read from Linux's {@code /proc}: it tells which process bounds a phase when every process shares
 * the same cores.
 */
final class CpuTime {

	/** Linux reports process times in clock ticks of 1/100 s ({@code USER_HZ}) on every platform the JDK runs on. */
	private static final double TICKS_PER_SECOND = 100;

	private final Map<String, Long> pids;

	private final Map<String, Long> startTicks;

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

	/** The CPU seconds each process used since {@link #start}, and the machine's busy share over the same time. */
	Phase stop() {
		Map<String, Long> end = ticks(this.pids);
		long[] machine = machineTicks();
		Map<String, Double> seconds = new LinkedHashMap<>();
		this.startTicks.forEach((name, start) -> {
			Long last = end.get(name);
			if (last != null) {
				seconds.put(name, (last - start) / TICKS_PER_SECOND);
			}
		});
		long total = machine[0] - this.startMachine[0];
		long idle = machine[1] - this.startMachine[1];
		return new Phase(seconds, (total > 0) ? 1 - (double) idle / total : Double.NaN);
	}

	private static Map<String, Long> ticks(Map<String, Long> pids) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		pids.forEach((name, pid) -> {
			Long used = processTicks(pid);
			if (used != null) {
				ticks.put(name, used);
			}
		});
		return ticks;
	}

	/** utime + stime of a live process (fields 14 and 15 of {@code /proc/<pid>/stat}), or null if it is gone. */
	private static Long processTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// the command name (field 2) may hold spaces: count fields after its closing parenthesis
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
	 * @param machineBusy the share of the machine's CPU time (all cores) that was not idle, 0–1
	 */
	record Phase(Map<String, Double> seconds, double machineBusy) {

	}

}
