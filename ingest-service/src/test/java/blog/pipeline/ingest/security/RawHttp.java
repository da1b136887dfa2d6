package blog.pipeline.ingest.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends the request line exactly as written: no normalising, no encoding, no dot-segment
 * removal, as an attacker's tool would. {@code java.net.http} and MockMvc both tidy a path before it is sent.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/** The answer's status and body. */
	record Answer(int status, String body) {

	}

	Answer send(String method, String target, Map<String, String> headers, String body) throws IOException {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder();
		request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		request.append("Host: localhost:").append(this.port).append("\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		if (!body.isEmpty() || method.equals("POST") || method.equals("PUT")) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return parse(socket.getInputStream());
		}
	}

	private static Answer parse(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		String text = all.toString(StandardCharsets.UTF_8);
		if (!text.startsWith("HTTP/1.1 ")) {
			throw new IOException("Not an HTTP answer: " + text.substring(0, Math.min(80, text.length())));
		}
		int status = Integer.parseInt(text.substring(9, 12));
		int bodyStart = text.indexOf("\r\n\r\n");
		if (bodyStart < 0) {
			return new Answer(status, "");
		}
		String head = text.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
		String body = text.substring(bodyStart + 4);
		return new Answer(status, head.contains("\r\ntransfer-encoding: chunked") ? unchunk(body) : body);
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
			if (size == 0) {
				break;
			}
			// sizes count bytes; the bodies here are ASCII JSON, where bytes and characters agree
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

}
