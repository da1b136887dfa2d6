package blog.pipeline.events;

/** A post's cover image: an absolute http(s) URL and its alt text. */
public record CoverImage(String url, String alt) {
}
