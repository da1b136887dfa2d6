package blog.pipeline.ingest.system;

import java.io.IOException;
import java.util.function.UnaryOperator;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request body that filters look at while the application reads it, so they can refuse it (by throwing an
 * {@link IOException} that the problem handling turns into an answer) without buffering it first.
 */
final class InspectedBody {

	private InspectedBody() {
	}

	/** The request, with its body stream seen through {@code inspection} (made once, on the first read). */
	static HttpServletRequest of(HttpServletRequest request, UnaryOperator<ServletInputStream> inspection) {
		return new InspectedRequest(request, inspection);
	}

	/** Passes the bytes through unchanged and shows each one read to {@link #inspect}. */
	abstract static class InspectingInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final byte[] single = new byte[1];

		InspectingInputStream(ServletInputStream in) {
			this.in = in;
		}

		/** Sees {@code count} bytes just read, from {@code bytes[from]}; throws to refuse the body. */
		protected abstract void inspect(byte[] bytes, int from, int count) throws IOException;

		/** Called when the body ended; throws to refuse a body that may not end there. */
		protected void atEnd() throws IOException {
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b < 0) {
				atEnd();
			}
			else {
				this.single[0] = (byte) b;
				inspect(this.single, 0, 1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int from, int length) throws IOException {
			int n = this.in.read(buffer, from, length);
			if (n < 0) {
				atEnd();
			}
			else if (n > 0) {
				inspect(buffer, from, n);
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

	private static final class InspectedRequest extends HttpServletRequestWrapper {

		private final UnaryOperator<ServletInputStream> inspection;

		private @Nullable ServletInputStream inspected;

		InspectedRequest(HttpServletRequest request, UnaryOperator<ServletInputStream> inspection) {
			super(request);
			this.inspection = inspection;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.inspected == null) {
				this.inspected = this.inspection.apply(super.getInputStream());
			}
			return this.inspected;
		}

	}

}
