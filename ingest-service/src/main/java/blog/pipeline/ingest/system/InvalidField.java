package blog.pipeline.ingest.system;

/**
 * One entry of a problem's {@code errors} array: the field at fault and what is wrong with it.
 *
 * @param pointer JSON pointer (RFC 6901) of the field in the request body, {@code ""} for the whole body
 * @param detail what is wrong, for a person to read
 */
public record InvalidField(String pointer, String detail) {

}
