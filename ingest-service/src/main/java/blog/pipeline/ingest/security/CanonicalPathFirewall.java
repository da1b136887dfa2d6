package blog.pipeline.ingest.security;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall (it refuses {@code ;} parameters, encoded {@code /}, {@code \}, {@code .} and
 * {@code %}, dot segments, {@code //}, NUL and control characters, and methods other than the usual ones), and one
 * rule more: no character that a path may carry as it is (letters, digits, {@code -._~}) may come percent-encoded.
 * No client of this API encodes those, and every such spelling names a path other than the one it reads as: the
 * servlet container decodes it for Spring MVC, so rules that look at the raw path would see something else than the
 * controller that answers. With this, the raw path a rule sees is the path the dispatcher routes.
 */
final class CanonicalPathFirewall extends StrictHttpFirewall {

	/** Every percent-encoding of an unreserved character (RFC 3986, section 2.3), in upper and lower case hex. */
	static final Set<String> ENCODED_UNRESERVED = encodedUnreserved();

	CanonicalPathFirewall() {
		getEncodedUrlBlocklist().addAll(ENCODED_UNRESERVED);
	}

	private static Set<String> encodedUnreserved() {
		HashSet<String> encodings = new HashSet<>();
		String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
		for (char c : unreserved.toCharArray()) {
			String hex = String.format("%02X", (int) c);
			encodings.add("%" + hex);
			encodings.add("%" + hex.toLowerCase(Locale.ROOT));
			encodings.add("%" + hex.charAt(0) + hex.toLowerCase(Locale.ROOT).charAt(1));
			encodings.add("%" + hex.toLowerCase(Locale.ROOT).charAt(0) + hex.charAt(1));
		}
		return Set.copyOf(encodings);
	}

}
