package io.relaycast.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relaycast.admin.Xml;
import io.relaycast.http.PercentEncoding;
import io.relaycast.status.ServerIdentity;
import io.relaycast.status.ServerStatus;
import io.relaycast.status.StatusJson;
import java.util.Locale;

/**
 * Icecast 2.4.4's public HTML pages, {@code status.xsl} and {@code server_version.xsl}, written as Icecast's stylesheets
 * write them, byte for byte in the parts scripts read: "now playing" scripts and old dashboards match regular
 * expressions such as {@code Currently playing:</td><td class="streamstats">(.*?)</td>} on them, so each row is on one
 * line with no space between the cells, as libxslt leaves Icecast's. The rows come from the same fields as
 * {@code status-json.xsl}, each shown only when present, as the stylesheet's {@code xsl:if}s do.
 */
final class IcecastPages {

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml">
              <head>
                <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
                <title>Icecast Streaming Media Server</title>
                <link rel="stylesheet" type="text/css" href="/web/relaycast.css" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=yes" />
              </head>
            """;
    private static final String MENU = "<div id=\"menu\"><ul><li><a href=\"admin/\">Administration</a></li>"
            + "<li><a href=\"status.xsl\">Server Status</a></li><li><a href=\"server_version.xsl\">Version</a></li></ul></div>";
    private static final String WARNING = """
            \t<!-- WARNING:
            \t DO NOT ATTEMPT TO PARSE ICECAST HTML OUTPUT!
            \t The web interface may change completely between releases.
            \t If you have a need for automatic processing of server data,
            \t please read the appropriate documentation. Latest docs:
            \t https://icecast.org/docs/icecast-latest/icecast2_stats.html
            \t-->
            """;
    private static final String FOOTER = "<div id=\"footer\">\n\t\tServed by relaycast, which answers Icecast's status pages"
            + " and admin API: <a href=\"/\">relaycast's own status page</a></div>";
    /** status.xsl's rows after the first three, in its order: field, label (all but "Currently playing"). */
    private static final String[][] STATS_ROWS = {
        {"stream_start", "Stream started:"}, {"bitrate", "Bitrate:"}, {"quality", "Quality:"},
        {"listeners", "Listeners (current):"}, {"listener_peak", "Listeners (peak):"}, {"genre", "Genre:"},
    };

    private final StatusJson json;

    IcecastPages(StatusJson json) {
        this.json = json;
    }

    /** {@code /status.xsl}: a box per listed mount. */
    String status(ServerStatus status) {
        StringBuilder page = new StringBuilder(2048 + 1024 * status.sources().size()).append(HEAD)
                .append("  <body><h1 id=\"header\">Icecast2 Status</h1>").append(MENU).append('\n').append(WARNING)
                .append('\t');
        status.sources().forEach(mount -> mountBox(page, json.source(mount, true)));
        return page.append(FOOTER).append("</body>\n</html>\n").toString();
    }

    private static void mountBox(StringBuilder page, ObjectNode source) {
        String mount = source.get("mount").asText();
        String href = Xml.escape(PercentEncoding.path(mount));
        page.append("<div class=\"roundbox\"><div class=\"mounthead\"><h3 class=\"mount\">Mount Point ")
                .append(Xml.escapeText(mount)).append("</h3><div class=\"right\"><ul class=\"mountlist\">")
                .append("<li><a class=\"play\" href=\"").append(href).append(".m3u\">M3U</a></li>")
                .append("<li><a class=\"play\" href=\"").append(href).append(".xspf\">XSPF</a></li>")
                .append("</ul></div></div><div class=\"mountcont\"><table class=\"yellowkeys\"><tbody>");
        row(page, "Stream Name:", null, source.get("server_name"));
        row(page, "Stream Description:", null, source.get("server_description"));
        row(page, "Content Type:", null, source.get("server_type"));
        for (String[] row : STATS_ROWS) {
            row(page, row[1], "streamstats", source.get(row[0]));
        }
        JsonNode url = source.get("server_url");
        if (url != null) {
            streamUrl(page, url.asText());
        }
        // The whole now-playing string, as Icecast shows an MP3 stream's; relaycast's "artist" is only cut from it.
        JsonNode title = source.get("title");
        page.append("<tr><td>Currently playing:</td><td class=\"streamstats\">")
                .append(title == null ? "" : Xml.escapeText(title.asText())).append("</td></tr>")
                .append("</tbody></table></div></div>");
    }

    /**
     * The source's {@code ice-url}, linked only when it is a web address: the source chooses it, and a
     * {@code javascript:} link on this page would run on the server's origin, next to the admin pages. Others are text.
     */
    private static void streamUrl(StringBuilder page, String url) {
        page.append("<tr><td>Stream URL:</td><td class=\"streamstats\">");
        if (isWebAddress(url)) {
            page.append("<a href=\"").append(Xml.escape(url)).append("\">").append(Xml.escapeText(url)).append("</a>");
        } else {
            page.append(Xml.escapeText(url));
        }
        page.append("</td></tr>");
    }

    private static boolean isWebAddress(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static void row(StringBuilder page, String label, String valueClass, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        page.append("<tr><td>").append(label).append("</td><td")
                .append(valueClass == null ? "" : " class=\"" + valueClass + "\"").append('>')
                .append(Xml.escapeText(value.asText())).append("</td></tr>");
    }

    /** {@code /server_version.xsl}: who the server is, indented as libxslt indents Icecast's. */
    String serverVersion(ServerIdentity server) {
        StringBuilder page = new StringBuilder(2048).append(HEAD).append("""
                  <body>
                    <h1 id="header">Server Information</h1>
                    <div id="menu">
                      <ul>
                        <li>
                          <a href="admin/">Administration</a>
                        </li>
                        <li>
                          <a href="status.xsl">Server Status</a>
                        </li>
                        <li>
                          <a href="server_version.xsl">Version</a>
                        </li>
                      </ul>
                    </div>
                    <div class="roundbox">
                      <h3>Server Information</h3>
                      <table class="yellowkeys">
                        <tbody>
                """);
        String[][] rows = {{"Location", server.location()}, {"Admin", server.admin()}, {"Host", server.host()},
            {"Version", server.serverId()}};
        for (String[] row : rows) {
            page.append("          <tr>\n            <td>").append(row[0]).append("</td>\n            <td>")
                    .append(Xml.escapeText(row[1])).append("</td>\n          </tr>\n");
        }
        return page.append("""
                        </tbody>
                      </table>
                    </div>
                """).append("    ").append(FOOTER).append("\n  </body>\n</html>\n").toString();
    }
}
