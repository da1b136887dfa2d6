package blog.pipeline.publish.authorindex;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The pages one owner (an author's shelf) last rendered, by bucket key, each with the model it was rendered from, so
 * a page whose model did not change is not rendered again: an edit that changes neither a post's title, excerpt,
 * cover nor date changes none of its author's HTML pages (their PUT is skipped anyway, {@code WrittenContent}), and
 * rendering the month's archive was most of the author stage's work per edit. A page is a function of its model
 * (the template is fixed), so the memory is right whatever happened to the object since; it lives and is dropped with
 * the shelf.
 */
final class RenderedPages {

	private final Map<String, Rendered> pages = new ConcurrentHashMap<>();

	/** The page under {@code key} for {@code model}: the one rendered last if its model was equal, else rendered now. */
	<M> String page(String key, M model, Function<M, String> render) {
		Rendered last = this.pages.get(key);
		if (last != null && last.model().equals(model)) {
			return last.html();
		}
		String html = render.apply(model);
		this.pages.put(key, new Rendered(model, html));
		return html;
	}

	private record Rendered(Object model, String html) {
	}

}
