package blog.pipeline.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Reads {@code deploy/kafka/acls.txt} as the compose init container's shell loop reads it: blank and {@code #} lines
 * skipped, five blank-separated columns a line (principal, operation, resource type, resource name, pattern type),
 * each an ALLOW from any host. Anything else fails, so the file cannot hold a line the loop would read otherwise.
 */
final class KafkaAclFile {

	private KafkaAclFile() {
	}

	static List<AclBinding> read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<AclBinding> bindings = new ArrayList<>();
		for (int number = 1; number <= lines.size(); number++) {
			String line = lines.get(number - 1).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			bindings.add(binding(line.split("\\s+"), file + ":" + number));
		}
		return bindings;
	}

	private static AclBinding binding(String[] columns, String where) {
		if (columns.length != 5) {
			throw new IllegalArgumentException(where + ": expected 5 columns, found " + columns.length);
		}
		String principal = columns[0];
		if (!principal.startsWith("User:")) {
			throw new IllegalArgumentException(where + ": principal " + principal + " is not User:<name>");
		}
		AclOperation operation = known(AclOperation.fromString(columns[1]), AclOperation.UNKNOWN, where, columns[1]);
		// kafka-acls.sh takes --topic, --group, --transactional-id
		ResourceType type = switch (columns[2]) {
			case "topic" -> ResourceType.TOPIC;
			case "group" -> ResourceType.GROUP;
			case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
			default -> throw new IllegalArgumentException(where + ": unknown resource type " + columns[2]);
		};
		PatternType pattern = switch (columns[4]) {
			case "literal" -> PatternType.LITERAL;
			case "prefixed" -> PatternType.PREFIXED;
			default -> throw new IllegalArgumentException(where + ": unknown pattern type " + columns[4]);
		};
		return new AclBinding(new ResourcePattern(type, columns[3], pattern),
				new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
	}

	private static <T> T known(T value, T unknown, String where, String text) {
		if (value == unknown || text.toUpperCase(Locale.ROOT).equals("ALL")) {
			throw new IllegalArgumentException(where + ": not an operation this file may grant: " + text);
		}
		return value;
	}

}
