package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies in UTF-8 (JSON without a charset, or with {@code charset=utf-8}) that are not well-formed
 * UTF-8, as they are read. Jackson's parser decodes leniently: it takes overlong forms ({@code C0 AF}), encoded
 * surrogates ({@code ED A0 80}) and code points above U+10FFFF ({@code F4 90 80 80}) and turns them into text that no
 * longer round-trips, so such a draft would be accepted and stored with garbled or lone-surrogate characters. The check
 * follows the Unicode standard's table of well-formed byte sequences (Table 3-7).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 5)
class StrictUtf8Filter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		String lower = contentType.toLowerCase(Locale.ROOT);
		int charset = lower.indexOf("charset=");
		return charset >= 0 && !lower.substring(charset + 8).replace("\"", "").strip().startsWith("utf-8");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(InspectedBody.of(request, Utf8CheckingInputStream::new), response);
	}

	/** Signals the first byte of the body that breaks UTF-8. */
	static class MalformedUtf8Exception extends IOException {

		MalformedUtf8Exception(long offset, String what) {
			super("The request body is not valid UTF-8: " + what + " at byte " + offset
					+ ". Send the draft as UTF-8 (JSON's only encoding).");
		}

	}

	/** Passes bytes through, checking them as UTF-8 on the way. */
	static final class Utf8CheckingInputStream extends InspectedBody.InspectingInputStream {

		private long offset;

		/** Continuation bytes still expected in the current sequence. */
		private int pending;

		/** The range the next continuation byte must fall in (narrower than 80..BF right after some lead bytes). */
		private int low = 0x80;

		private int high = 0xBF;

		Utf8CheckingInputStream(ServletInputStream in) {
			super(in);
		}

		@Override
		protected void inspect(byte[] bytes, int from, int count) throws MalformedUtf8Exception {
			for (int i = 0; i < count; i++) {
				check(bytes[from + i] & 0xFF);
			}
		}

		private void check(int b) throws MalformedUtf8Exception {
			if (this.pending > 0) {
				if (b < this.low || b > this.high) {
					throw new MalformedUtf8Exception(this.offset,
							"byte " + hex(b) + " does not continue the character");
				}
				this.pending--;
				this.low = 0x80;
				this.high = 0xBF;
			}
			else if (b >= 0x80) {
				lead(b);
			}
			this.offset++;
		}

		private void lead(int b) throws MalformedUtf8Exception {
			if (b >= 0xC2 && b <= 0xDF) {
				this.pending = 1;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				this.pending = 2;
				this.low = (b == 0xE0) ? 0xA0 : 0x80; // no overlong forms
				this.high = (b == 0xED) ? 0x9F : 0xBF; // no surrogates
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				this.pending = 3;
				this.low = (b == 0xF0) ? 0x90 : 0x80; // no overlong forms
				this.high = (b == 0xF4) ? 0x8F : 0xBF; // nothing above U+10FFFF
			}
			else {
				throw new MalformedUtf8Exception(this.offset, "byte " + hex(b) + " cannot start a character");
			}
		}

		@Override
		protected void atEnd() throws MalformedUtf8Exception {
			if (this.pending > 0) {
				throw new MalformedUtf8Exception(this.offset, "the body ends inside a character");
			}
		}

		private static String hex(int b) {
			return String.format("0x%02X", b);
		}

	}

}
