package io.relaycast.config;

/**
 * Where the server's config comes from, read again for a config reload: the config file as it is now, under the
 * command line and the environment the server was started with.
 */
@FunctionalInterface
public interface ConfigSource {

    /** The config as it reads now; an {@link IllegalArgumentException} saying what is wrong if it is not valid. */
    ServerConfig read();
}
