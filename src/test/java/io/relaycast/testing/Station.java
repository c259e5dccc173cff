package io.relaycast.testing;

/**
 * The stream information a desktop encoder sends with its audio (butt's Stream Infos, Mixxx's Live Broadcasting
 * settings): what listeners and directories see of the station.
 *
 * @param name station name ({@code ice-name}, {@code icy-name})
 * @param genre genre
 * @param description description (Icecast only: SHOUTcast has none)
 * @param url the station's web address
 */
public record Station(String name, String genre, String description, String url) {
}
