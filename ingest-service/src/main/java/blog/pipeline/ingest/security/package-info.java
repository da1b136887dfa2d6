/**
 * Who may call the editors' and the operators' API: Spring Security with bearer tokens that each name a principal and
 * a role, deny by default, and the request firewall that refuses odd spellings of a path.
 */
@NullMarked
package blog.pipeline.ingest.security;

import org.jspecify.annotations.NullMarked;
