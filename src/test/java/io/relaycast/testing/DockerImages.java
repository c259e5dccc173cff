package io.relaycast.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The relaycast Docker image, built once per JVM from the repository's {@code Dockerfile} and the shaded jar that
 * Maven's {@code package} phase produced, and containers of it on the host network.
 *
 * <p>Our CI has no image registry, so the image is built {@code FROM} a local base image: the one named by
 * {@value #BASE_IMAGE_ENV}, else {@value #LOCAL_BASE_IMAGE} if it exists (scripts/build-base-image.sh makes it),
 * else the Dockerfile's own default (a public image, pulled). Docker missing is a test failure, never a skip.
 */
public final class DockerImages {

    /** Environment variable naming the base image to build on. */
    public static final String BASE_IMAGE_ENV = "RELAYCAST_BASE_IMAGE";
    /** The base image scripts/build-base-image.sh creates. */
    public static final String LOCAL_BASE_IMAGE = "relaycast-base:bookworm";
    /** Source password given to every test container. */
    public static final String SOURCE_PASSWORD = "it-source-password";

    private static final Logger LOG = LoggerFactory.getLogger(DockerImages.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN_CLASS = "io.relaycast.cli.Main";
    private static final String IMAGE_NAME = "relaycast-test:latest";
    private static final String FFMPEG_IMAGE_NAME = "relaycast-test-ffmpeg:latest";

    private static ImageFromDockerfile relaycastImage;
    private static ImageFromDockerfile ffmpegImage;

    private DockerImages() {
    }

    /**
     * A relaycast container (not started) listening on {@code port} of the host network, with source password
     * {@link #SOURCE_PASSWORD}; starting it waits until the port answers HTTP. Add settings with
     * {@code withEnv("RELAYCAST_...", ...)} before starting it.
     */
    public static GenericContainer<?> relaycastContainer(int port) {
        return container(relaycastImage(), port);
    }

    /**
     * As {@link #relaycastContainer}, of the image built with {@code WITH_FFMPEG=true}: its build installs ffmpeg from the
     * base image's package sources, over the host's network.
     */
    public static GenericContainer<?> relaycastContainerWithFfmpeg(int port) {
        return container(ffmpegImage(), port);
    }

    private static GenericContainer<?> container(ImageFromDockerfile image, int port) {
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withEnv("RELAYCAST_PORT", Integer.toString(port))
                .withEnv("RELAYCAST_SOURCE_PASSWORD", SOURCE_PASSWORD)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("relaycast.container")))
                .waitingFor(new HttpAnswersWaitStrategy(port).withStartupTimeout(STARTUP_TIMEOUT));
    }

    /** The relaycast image, built on first use (the build itself runs when a container first needs it). */
    public static synchronized ImageFromDockerfile relaycastImage() {
        if (relaycastImage == null) {
            relaycastImage = newImage(IMAGE_NAME);
        }
        return relaycastImage;
    }

    private static synchronized ImageFromDockerfile ffmpegImage() {
        if (ffmpegImage == null) {
            ffmpegImage = newImage(FFMPEG_IMAGE_NAME).withBuildArg("WITH_FFMPEG", "true")
                    .withBuildImageCmdModifier(build -> build.withNetworkMode("host"));
        }
        return ffmpegImage;
    }

    private static ImageFromDockerfile newImage(String name) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("Docker is not available: start it (scripts/start-docker.sh) or point DOCKER_HOST at a daemon");
        }
        Path projectDir = Path.of(System.getProperty("relaycast.projectDir", "")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("relaycast.jar", projectDir.resolve("target/relaycast.jar").toString()));
        requireShadedJar(jar);
        // Not deleteOnExit: without Ryuk (CI) nothing deletes it anyway, and the session label it adds is one more
        // build step, each a full copy of the root file system under the vfs storage driver. A fixed tag means the
        // next run replaces it.
        ImageFromDockerfile image = new ImageFromDockerfile(name, false)
                .withFileFromPath("Dockerfile", projectDir.resolve("Dockerfile"))
                .withFileFromPath("target/relaycast.jar", jar);
        String baseImage = baseImage();
        if (baseImage != null) {
            image.withBuildArg("BASE_IMAGE", baseImage);
        }
        LOG.info("Building the relaycast image from {} with {} on base {}", projectDir.resolve("Dockerfile"), jar,
                baseImage == null ? "(Dockerfile default)" : baseImage);
        return image;
    }

    /** The base image to build on, or null for the Dockerfile's default. */
    static String baseImage() {
        String fromEnv = System.getenv(BASE_IMAGE_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(LOCAL_BASE_IMAGE).exec();
            return LOCAL_BASE_IMAGE;
        } catch (NotFoundException e) {
            LOG.warn("{} is not set and {} does not exist; the Dockerfile's default base will be pulled",
                    BASE_IMAGE_ENV, LOCAL_BASE_IMAGE);
            return null;
        }
    }

    private static void requireShadedJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: Docker image tests use the shaded jar, run them through `mvn verify`"
                    + " (or `mvn package` first)");
        }
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            String mainClass = jarFile.getManifest() == null ? null
                    : jarFile.getManifest().getMainAttributes().getValue("Main-Class");
            if (!MAIN_CLASS.equals(mainClass)) {
                fail(jar + " has Main-Class " + mainClass + ", expected " + MAIN_CLASS + ": is it the shaded jar?");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + jar, e);
        }
    }
}
