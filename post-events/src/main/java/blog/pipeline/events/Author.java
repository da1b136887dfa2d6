package blog.pipeline.events;

/** A post's author: a stable id (also the author page's folder) and the display name. */
public record Author(String id, String name) {
}
