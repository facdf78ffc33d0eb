/**
 * Golden images for pipelines (issue 7): a {@link org.esxforge.recipe.Recipe} file in git ({@link
 * org.esxforge.recipe.RecipeParser}, YAML or JSON) becomes a build.BuildRequest and runs through
 * build.BuildPipeline ({@link org.esxforge.recipe.RecipeBuilder}); its {@link
 * org.esxforge.recipe.Lockfile} pins the base profile and every VIB (id, SHA-256, depots) so that
 * rebuilds give the same bytes; {@link org.esxforge.recipe.BuildManifests} writes a manifest next
 * to each output and {@code SHA256SUMS}; a re-spin compares a fresh resolution with the lock
 * ({@link org.esxforge.recipe.Changelog}). There is no second pipeline here: resolution, editing,
 * verification and export are the build package's.
 */
package org.esxforge.recipe;
