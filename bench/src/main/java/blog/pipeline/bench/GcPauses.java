package blog.pipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The garbage collectors' pauses of each service, as the services' own Prometheus endpoints report them
 * (Micrometer's {@code jvm.gc.pause}, from the JVM's collection notifications): read before and after a phase, the
 * difference is what the collectors stopped each service for during it.
 */
final class GcPauses {

	private static final Pattern PAUSE = Pattern
		.compile("^jvm_gc_pause_seconds_(count|sum)\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);

	private static final Pattern MAJOR = Pattern.compile("action=\"end of major GC\"");

	private GcPauses() {
	}

	/**
	 * Collections and their pause seconds: minor (young generation) and major (full) ones.
	 */
	record Totals(long minor, double minorSeconds, long major, double majorSeconds) {

		Totals minus(Totals earlier) {
			return new Totals(this.minor - earlier.minor, this.minorSeconds - earlier.minorSeconds,
					this.major - earlier.major, this.majorSeconds - earlier.majorSeconds);
		}

	}

	/** The totals in a Prometheus text exposition (every {@code jvm_gc_pause_seconds} series, by its action). */
	static Totals parse(String exposition) {
		long minor = 0;
		long major = 0;
		double minorSeconds = 0;
		double majorSeconds = 0;
		Matcher matcher = PAUSE.matcher(exposition);
		while (matcher.find()) {
			boolean isMajor = MAJOR.matcher(matcher.group(2)).find();
			double value = Double.parseDouble(matcher.group(3));
			if (matcher.group(1).equals("count")) {
				if (isMajor) {
					major += (long) value;
				}
				else {
					minor += (long) value;
				}
			}
			else if (isMajor) {
				majorSeconds += value;
			}
			else {
				minorSeconds += value;
			}
		}
		return new Totals(minor, minorSeconds, major, majorSeconds);
	}

	/** Each service's totals now, from {@code http://localhost:<port>/actuator/prometheus}. */
	static Map<String, Totals> read(HttpClient http, Map<String, Integer> ports)
			throws IOException, InterruptedException {
		Map<String, Totals> totals = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> service : ports.entrySet()) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + service.getValue() + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("The metrics of " + service.getKey() + " answered " + response.statusCode());
			}
			totals.put(service.getKey(), parse(response.body()));
		}
		return totals;
	}

	/** What happened between two readings of the same services. */
	static Map<String, Totals> between(Map<String, Totals> before, Map<String, Totals> after) {
		Map<String, Totals> phase = new LinkedHashMap<>();
		after.forEach((service, totals) -> phase.put(service, totals.minus(before.get(service))));
		return phase;
	}

}
