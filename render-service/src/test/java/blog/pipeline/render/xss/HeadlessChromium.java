package blog.pipeline.render.xss;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * Debian's {@code chromium} in headless mode: loads a page (a file or a local server's), lets its scripts and timers run for a few seconds of
 * virtual time and returns the resulting DOM. Every host name resolves to nothing, so a page can never reach the
 * network but 127.0.0.1; each run gets a fresh profile.
 */
public final class HeadlessChromium {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final Path executable;

	private HeadlessChromium(Path executable) {
		this.executable = executable;
	}

	/**
	 * The browser on the {@code PATH} (or {@code /usr/bin/chromium}); without it the calling test is skipped, except on
	 * CI (environment variable {@code CI} set), where it fails: {@code .ci/run} installs the browser.
	 */
	public static HeadlessChromium required() {
		return find().orElseThrow(() -> {
			String reason = "Headless browser XSS tests need Debian's 'chromium' (apt-get install chromium), "
					+ "which is not on the PATH";
			if (System.getenv("CI") != null) {
				return new IllegalStateException(reason + "; CI must install it (.ci/run does)");
			}
			return new TestAbortedException(reason + "; skipped outside CI");
		});
	}

	/** The browser on the {@code PATH} (or {@code /usr/bin/chromium}), if installed. */
	static Optional<HeadlessChromium> find() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "chromium"))
			.filter(Files::isExecutable)
			.findFirst()
			.map(HeadlessChromium::new);
	}

	/** Loads the page and returns its DOM as HTML once the virtual time budget is spent. */
	public String dumpDom(URI page, Path workDirectory) throws IOException, InterruptedException {
		return load(page, workDirectory, List.of()).dom();
	}

	/**
	 * Loads the page and returns what it wrote to the browser's console, among them every Content Security Policy
	 * violation ("... violates the following Content Security Policy directive ..."), one line each.
	 */
	public List<String> consoleMessages(URI page, Path workDirectory) throws IOException, InterruptedException {
		return load(page, workDirectory, List.of("--enable-logging=stderr", "--v=0")).errors()
			.lines()
			.filter((line) -> line.contains(":CONSOLE"))
			.toList();
	}

	private record Loaded(String dom, String errors) {
	}

	private Loaded load(URI page, Path workDirectory, List<String> options) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory(workDirectory, "profile-");
		Path output = Files.createTempFile(workDirectory, "dom-", ".html");
		Path errors = Files.createTempFile(workDirectory, "stderr-", ".txt");
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-extensions",
				"--allow-file-access-from-files", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
				"--user-data-dir=" + profile, "--virtual-time-budget=5000"));
		command.addAll(options);
		command.addAll(List.of("--dump-dom", page.toString()));
		Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
			.redirectError(errors.toFile())
			.start();
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("chromium did not finish loading " + page + " within " + TIMEOUT.toSeconds() + " s: "
					+ Files.readString(errors, StandardCharsets.UTF_8));
		}
		String dom = Files.readString(output, StandardCharsets.UTF_8);
		if (process.exitValue() != 0 || dom.isBlank()) {
			throw new IOException("chromium exited with " + process.exitValue() + " and printed no DOM for " + page
					+ ": " + Files.readString(errors, StandardCharsets.UTF_8));
		}
		return new Loaded(dom, Files.readString(errors, StandardCharsets.UTF_8));
	}

}
