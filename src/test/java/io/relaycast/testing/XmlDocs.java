package io.relaycast.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Parses XML replies strictly (a malformed document fails the test) and reads them with XPath. */
public final class XmlDocs {

    private XmlDocs() {
    }

    public static Document parse(String xml, boolean namespaceAware) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(namespaceAware);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    public static Document parse(String xml) {
        return parse(xml, false);
    }

    public static String text(Document document, String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
        } catch (Exception e) {
            throw new AssertionError("bad xpath " + xpath, e);
        }
    }

    public static int count(Document document, String xpath) {
        return nodes(document, xpath).getLength();
    }

    /** The text of every node {@code xpath} selects, in document order. */
    public static List<String> texts(Document document, String xpath) {
        NodeList nodes = nodes(document, xpath);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static NodeList nodes(Document document, String xpath) {
        try {
            return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        } catch (Exception e) {
            throw new AssertionError("bad xpath " + xpath, e);
        }
    }
}
