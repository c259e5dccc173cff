package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.XmlDocs;
import org.junit.jupiter.api.Test;

class XmlTest {

    @Test
    void plainTextIsKeptAsItIs() {
        assertThat(Xml.escape("VLC/3.0.18 LibVLC/3.0.18\tx")).isEqualTo("VLC/3.0.18 LibVLC/3.0.18\tx");
    }

    @Test
    void markupIsEscapedAndControlCharactersAreDropped() {
        assertThat(Xml.escape("A & B - <Song> \"live\" 'now'\u0007\u0000")).isEqualTo(
                "A &amp; B - &lt;Song&gt; &quot;live&quot; &apos;now&apos;");
    }

    @Test
    void textForIcecastsHtmlPagesKeepsQuotesAsLibxsltDoes() {
        assertThat(Xml.escapeText("Guns N' Roses - \"Don't\" <Cry> & more\u0007")).isEqualTo(
                "Guns N' Roses - \"Don't\" &lt;Cry&gt; &amp; more");
    }

    @Test
    void aListElementWithoutAttributesOrChildrenIsEmpty() {
        assertThat(XmlElement.of("icestats").add(XmlElement.of("source").attribute("mount", "/a&b").text("Listeners", 0)
                .add(XmlElement.of("empty"))).document())
                .isEqualTo("<?xml version=\"1.0\"?>\n<icestats><source mount=\"/a&amp;b\"><Listeners>0</Listeners><empty/>"
                        + "</source></icestats>\n");
    }

    /** XML 1.0 has no U+FFFE, U+FFFF or lone surrogates: a login or title holding them is written without them. */
    @Test
    void charactersXmlCannotHoldAreDroppedAndPairedSurrogatesKept() {
        String user = "a\uFFFEb\uFFFFc\uD800d\uDC00e\uD83C\uDFB5";

        String document = XmlElement.of("icestats").text("username", user).attribute("mount", user).document();

        assertThat(Xml.escape(user)).isEqualTo("abcde\uD83C\uDFB5");
        assertThat(XmlDocs.text(XmlDocs.parse(document), "/icestats/username")).isEqualTo("abcde\uD83C\uDFB5");
    }
}
