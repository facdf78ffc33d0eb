/**
 * Image-profile editing, validation, comparison and profile-name handling. Pure JDK, no I/O: every
 * method works on the {@code org.esxforge.model} records the caller passes in.
 *
 * <p>Entry points: {@link org.esxforge.profile.ProfileEditor} (clone, add, remove), {@link
 * org.esxforge.profile.ProfileValidator} (returns {@link org.esxforge.profile.Problem}s), {@link
 * org.esxforge.profile.ProfileDiff} and {@link org.esxforge.profile.ProfileNames}.
 */
package org.esxforge.profile;
