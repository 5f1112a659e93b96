/**
 * The Braze client: {@link io.github.braze4j.BrazeClient} sends {@code POST /users/track}
 * requests to the {@link io.github.braze4j.BrazeInstance} (data center) a workspace lives on.
 */
@NullMarked
package io.github.braze4j;

import org.jspecify.annotations.NullMarked;
