/**
 * The installer-image plan (docs/formats.md §5): which payloads become boot modules, their 8.3
 * names and order ({@link org.esxforge.image.ModulePlan}), {@code BOOT.CFG} and {@code
 * ISOLINUX.CFG} text, the {@code IMGDB.TGZ}/{@code IMGPAYLD.TGZ} archives and the full list of ISO
 * files ({@link org.esxforge.image.IsoPlan}).
 */
package org.esxforge.image;
