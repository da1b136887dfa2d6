package blog.pipeline.render.posts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode: loads a local page, lets its scripts and timers run for a few seconds of
 * virtual time and returns the resulting DOM. Every host name resolves to nothing, so a page can never reach the
 * network; each run gets a fresh profile.
 */
final class HeadlessChromium {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final Path executable;

	private HeadlessChromium(Path executable) {
		this.executable = executable;
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

	Path executable() {
		return this.executable;
	}

	/** Loads the page and returns its DOM as HTML once the virtual time budget is spent. */
	String dumpDom(Path page, Path workDirectory) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory(workDirectory, "profile-");
		Path output = Files.createTempFile(workDirectory, "dom-", ".html");
		Path errors = Files.createTempFile(workDirectory, "stderr-", ".txt");
		List<String> command = List.of(this.executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--allow-file-access-from-files",
				"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
				"--virtual-time-budget=5000", "--dump-dom", page.toUri().toString());
		Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
			.redirectError(errors.toFile())
			.start();
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("chromium did not finish loading " + page + " within " + TIMEOUT.toSeconds() + " s");
		}
		String dom = Files.readString(output, StandardCharsets.UTF_8);
		if (process.exitValue() != 0 || dom.isBlank()) {
			throw new IOException("chromium exited with " + process.exitValue() + " and printed no DOM for " + page
					+ ": " + Files.readString(errors, StandardCharsets.UTF_8));
		}
		return dom;
	}

}
