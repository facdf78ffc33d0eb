package org.esxforge.depot.xml;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.io.FormatException;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;

/**
 * Reads and writes {@code bulletins/<id>.xml} (docs/formats.md §2.3), also used for the host image
 * database's {@code bulletins/} and {@code reservedComponents/}. One line, no trailing newline;
 * {@code vibList} holds only {@code vibID} elements:
 *
 * <pre>{@code
 * <bulletin><id>VMware-vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077</id><vendor>VMware</vendor>
 * <summary>…</summary><severity>general</severity><category>enhancement</category>
 * <urgency>important</urgency><releaseType>extension</releaseType><description>…</description>
 * <kbUrl>…</kbUrl><contact>…</contact><componentNameSpec name=".." uiString=".."/>
 * <componentVersionSpec uiString=".." version=".."/><releaseDate>…</releaseDate>
 * <platforms><softwarePlatform version="8.0" locale="" productLineID="embeddedEsx"/></platforms>
 * <vibList><vibID>VMW_bootbank_…</vibID></vibList></bulletin>
 * }</pre>
 *
 * When reading a {@code vmware.xml} bulletin the {@code vibList/vib/vibID} form is accepted too.
 *
 * <p>Stateless and thread-safe.
 */
public final class BulletinXml {
  /** Largest bulletin document read, in bytes. */
  public static final long MAX_BYTES = 16L << 20;

  private BulletinXml() {}

  public static Bulletin parse(byte[] xml, String source) throws FormatException {
    XmlNode root = XmlNode.parse(xml, source);
    if (!root.name().equals("bulletin")) {
      throw new FormatException(source, "expected <bulletin>, found <" + root.name() + ">");
    }
    return fromNode(root, source);
  }

  /** Writes the single-line form with {@link AttributeOrder#VMWARE_8}. */
  public static byte[] write(Bulletin b) {
    return write(b, AttributeOrder.VMWARE_8);
  }

  public static byte[] write(Bulletin b, AttributeOrder order) {
    XmlEmitter x = new XmlEmitter(false);
    writeHead(x, b, order);
    if (b.vibIds().isEmpty()) {
      x.empty("vibList");
    } else {
      x.start("vibList");
      for (VibId id : b.vibIds()) {
        x.leaf("vibID", id.value());
      }
      x.end();
    }
    return x.end().toBytes();
  }

  static Bulletin fromNode(XmlNode n, String source) throws FormatException {
    String id = n.value("id");
    if (id.isEmpty()) {
      throw new FormatException(source, "bulletin without <id>");
    }
    String where = source + "!" + id;
    XmlNode nameSpec = n.child("componentNameSpec");
    XmlNode versionSpec = n.child("componentVersionSpec");
    List<SoftwarePlatform> platforms = new ArrayList<>();
    XmlNode ps = n.child("platforms");
    if (ps != null) {
      for (XmlNode p : ps.children("softwarePlatform")) {
        platforms.add(CommonXml.platform(p));
      }
    }
    List<VibId> ids = new ArrayList<>();
    XmlNode list = n.child("vibList");
    if (list != null) {
      for (XmlNode v : list.children()) {
        if (v.name().equals("vibID")) {
          ids.add(CommonXml.vibId(v.text(), where));
        } else if (v.name().equals("vib")) {
          ids.add(CommonXml.vibId(v.value("vibID"), where));
        }
      }
    }
    return new Bulletin(
        id,
        n.childText("vendor"),
        n.childText("summary"),
        n.childText("severity"),
        n.childText("category"),
        n.childText("urgency"),
        n.childText("releaseType"),
        n.childText("description"),
        n.childText("kbUrl"),
        n.childText("contact"),
        n.childText("releaseDate"),
        nameSpec == null ? "" : nameSpec.attr("name"),
        nameSpec == null ? "" : nameSpec.attr("uiString"),
        versionSpec == null ? "" : versionSpec.attr("version"),
        versionSpec == null ? "" : versionSpec.attr("uiString"),
        platforms,
        ids);
  }

  /** Everything up to and excluding {@code vibList}; leaves {@code <bulletin>} open. */
  static void writeHead(XmlEmitter x, Bulletin b, AttributeOrder order) {
    x.start("bulletin")
        .leaf("id", b.id())
        .leaf("vendor", b.vendor())
        .leaf("summary", b.summary())
        .leaf("severity", b.severity())
        .leaf("category", b.category())
        .leaf("urgency", b.urgency())
        .leaf("releaseType", b.releaseType())
        .leaf("description", b.description())
        .leaf("kbUrl", b.kbUrl())
        .leaf("contact", b.contact());
    if (!b.componentName().isEmpty() && order == AttributeOrder.VMWARE_6) {
      x.empty("componentNameSpec", "uiString", b.componentNameUi(), "name", b.componentName());
    } else if (!b.componentName().isEmpty()) {
      x.empty("componentNameSpec", "name", b.componentName(), "uiString", b.componentNameUi());
    }
    if (!b.componentVersion().isEmpty() && order == AttributeOrder.VMWARE_9) {
      x.empty(
          "componentVersionSpec",
          "version",
          b.componentVersion(),
          "uiString",
          b.componentVersionUi());
    } else if (!b.componentVersion().isEmpty()) {
      x.empty(
          "componentVersionSpec",
          "uiString",
          b.componentVersionUi(),
          "version",
          b.componentVersion());
    }
    x.leaf("releaseDate", b.releaseDate());
    if (b.platforms().isEmpty()) {
      x.empty("platforms");
    } else {
      x.start("platforms");
      for (SoftwarePlatform p : b.platforms()) {
        CommonXml.writePlatform(x, "softwarePlatform", p, order);
      }
      x.end();
    }
  }
}
