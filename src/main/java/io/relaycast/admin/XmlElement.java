package io.relaycast.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small XML element builder for the admin replies: attributes, text or child elements, written with escaping. Icecast's
 * replies are flat and small; a DOM would be all ceremony.
 */
public final class XmlElement {

    private final String name;
    /** Both made on first use: most elements of a long list are text leaves without attributes. */
    private Map<String, String> attributes;
    private List<XmlElement> children;
    private String text;

    private XmlElement(String name) {
        this.name = name;
    }

    public static XmlElement of(String name) {
        return new XmlElement(name);
    }

    public XmlElement attribute(String key, String value) {
        if (attributes == null) {
            attributes = new LinkedHashMap<>();
        }
        attributes.put(key, value);
        return this;
    }

    /** Adds a child element holding {@code value} as text; null values are left out. */
    public XmlElement text(String child, Object value) {
        if (value != null) {
            XmlElement element = new XmlElement(child);
            element.text = String.valueOf(value);
            add(element);
        }
        return this;
    }

    public XmlElement add(XmlElement child) {
        if (children == null) {
            children = new ArrayList<>();
        }
        children.add(child);
        return this;
    }

    /**
     * Adds the fields of a JSON object as child elements, in order: scalars as text, objects as nested elements, and the
     * field named {@code attributeField} (if any) as an attribute instead. Keeps the XML and JSON forms from drifting.
     */
    public XmlElement fields(JsonNode object, String attributeField) {
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (field.getKey().equals(attributeField)) {
                attribute(field.getKey(), value.asText());
            } else if (value.isObject()) {
                add(of(field.getKey()).fields(value, null));
            } else if (value.isValueNode() && !value.isNull()) {
                text(field.getKey(), value.asText());
            }
        });
        return this;
    }

    /** The document: XML declaration and this element as its root. */
    public String document() {
        StringBuilder out = new StringBuilder(256).append("<?xml version=\"1.0\"?>\n");
        write(out);
        return out.append('\n').toString();
    }

    private void write(StringBuilder out) {
        out.append('<').append(name);
        if (attributes != null) {
            attributes.forEach((key, value) -> out.append(' ').append(key).append("=\"").append(Xml.escape(value)).append('"'));
        }
        if (text == null && children == null) {
            out.append("/>");
            return;
        }
        out.append('>');
        if (text != null) {
            out.append(Xml.escape(text));
        }
        if (children != null) {
            for (XmlElement child : children) {
                child.write(out);
            }
        }
        out.append("</").append(name).append('>');
    }
}
