/**
 * The whole-pipeline benchmark: the corpus through the editor API on the embedded stack, with its baselines measured in
 * the same run.
 */
@NullMarked
package blog.pipeline.bench;

import org.jspecify.annotations.NullMarked;
