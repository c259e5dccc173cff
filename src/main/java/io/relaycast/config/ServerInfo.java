package io.relaycast.config;

/**
 * What the server says about itself on its status pages, in the status JSON and the admin stats: Icecast's
 * {@code <location>} and {@code <admin>} (a contact, usually an e-mail address). Null is Icecast's default for each,
 * which dashboards and "now playing" scripts written for Icecast are used to.
 *
 * @param location where the station or the server is, as the station wants it shown ("Berlin, DE")
 * @param admin    how to reach whoever runs the server
 */
public record ServerInfo(String location, String admin) {

    public static final String DEFAULT_LOCATION = "Earth";
    public static final String DEFAULT_ADMIN = "icemaster@localhost";
    public static final ServerInfo DEFAULT = new ServerInfo(DEFAULT_LOCATION, DEFAULT_ADMIN);

    public ServerInfo {
        location = location == null ? DEFAULT_LOCATION : location.strip();
        admin = admin == null ? DEFAULT_ADMIN : admin.strip();
    }
}
