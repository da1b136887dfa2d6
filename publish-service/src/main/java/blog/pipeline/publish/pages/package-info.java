/**
 * What every generated page and feed shares: templates, dates, the stylesheet link, the Atom feed, the redirect and
 * not-found pages.
 */
@NullMarked
package blog.pipeline.publish.pages;

import org.jspecify.annotations.NullMarked;
