package blog.pipeline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A child JVM (or any command) whose output goes to a log file, stopped with the JVM that started it. */
public class ServerProcess implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

	private final String name;

	private final List<String> command;

	private final Path logFile;

	private Process process;

	private final Thread shutdownHook;

	ServerProcess(String name, List<String> command, Path logFile, Map<String, String> environment) {
		this.name = name;
		this.command = List.copyOf(command);
		this.logFile = logFile;
		try {
			Files.createDirectories(logFile.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
			builder.environment().putAll(environment);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + " with " + command, ex);
		}
		this.shutdownHook = new Thread(this::destroyQuietly, name + "-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		log.info("Started {} (pid {}), log in {}", name, this.process.pid(), logFile);
	}

	/** The command line of a child JVM running {@code mainClass} with the given class path and JVM options. */
	static List<String> javaCommand(String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(classpath);
		command.add(mainClass);
		command.addAll(args);
		return command;
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Starts {@code java -jar jar} as a child process with the given JVM options and extra environment, its output
	 * appended to {@code logFile}.
	 */
	public static ServerProcess startJar(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
			Path logFile) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toAbsolutePath().toString());
		return new ServerProcess(name, command, logFile, environment);
	}

	/** Waits until {@code ready} holds, failing early with the log's tail if the process dies. */
	public void awaitReady(BooleanSupplier ready, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (!ready.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new ServerStartException(this.name + " exited with code " + this.process.exitValue()
						+ " before it was ready; last log lines:\n" + logTail(40));
			}
			if (Instant.now().isAfter(deadline)) {
				destroyQuietly();
				throw new ServerStartException(
						this.name + " was not ready within " + timeout + "; last log lines:\n" + logTail(40));
			}
			sleep(100);
		}
	}

	/** Waits for the process to end by itself and returns its exit code. */
	public int awaitExit(Duration timeout) {
		if (!waitFor(timeout)) {
			destroyQuietly();
			throw new ServerStartException(this.name + " did not finish within " + timeout + "; last log lines:\n"
					+ logTail(40));
		}
		return this.process.exitValue();
	}

	/** Stops the process gracefully (SIGTERM), then forcibly after a grace period. */
	public void stop() {
		destroyQuietly();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// already shutting down: the hook runs anyway
		}
	}

	/** Kills the process at once (SIGKILL), as a crash would. */
	public void kill() {
		this.process.destroyForcibly();
		waitFor(Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		stop();
	}

	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	public boolean logContains(String text) {
		try {
			return Files.exists(this.logFile) && Files.readString(this.logFile, StandardCharsets.UTF_8).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void destroyQuietly() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!waitFor(Duration.ofSeconds(20))) {
			log.warn("{} (pid {}) did not stop within 20 s, killing it", this.name, this.process.pid());
			this.process.destroyForcibly();
			waitFor(Duration.ofSeconds(10));
		}
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public static boolean isListening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ServerStartException("Interrupted while waiting for a server", ex);
		}
	}

	/** Where the build put the servers' jars (see {@code stack-support.properties}). */
	static String buildSetting(String key) {
		try (var in = ServerProcess.class.getResourceAsStream("/stack-support.properties")) {
			java.util.Properties properties = new java.util.Properties();
			properties.load(in);
			String value = properties.getProperty(key);
			if (value == null || value.isBlank() || value.startsWith("@")) {
				throw new ServerStartException("stack-support.properties has no " + key + ": rebuild stack-support");
			}
			return value;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
