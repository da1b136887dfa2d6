package blog.pipeline.ingest.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
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

	@Override
	public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
		FirewalledRequest firewalled = super.getFirewalledRequest(request);
		// one pass over the path on every request, rather than a blocklist entry for each of the 66 characters' four
		// spellings (%4a, %4A, ...) searched for one by one
		String uri = request.getRequestURI();
		for (int at = uri.indexOf('%'); at >= 0 && at + 2 < uri.length(); at = uri.indexOf('%', at + 1)) {
			int high = Character.digit(uri.charAt(at + 1), 16);
			int low = Character.digit(uri.charAt(at + 2), 16);
			if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
				throw new RequestRejectedException("The request was rejected because the URL percent-encodes a "
						+ "letter, a digit or one of -._~");
			}
		}
		return firewalled;
	}

	/** RFC 3986, section 2.3: the characters a URI carries as they are. */
	private static boolean isUnreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
