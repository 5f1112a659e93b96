/** Implementation details of braze-core. Not API: may change in any release. */
@NullMarked
package io.github.braze4j.internal;

import org.jspecify.annotations.NullMarked;
