package io.relaycast.admin;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Credentials;
import io.relaycast.http.CrossSite;
import io.relaycast.http.Json;
import io.relaycast.http.RequestHost;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.server.OffLoopEndpoint;
import io.relaycast.server.ReloadOutcome;
import io.relaycast.server.ServerContext;
import io.relaycast.status.StatusReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /admin/<command>} with Icecast's names and XML replies, or JSON with a {@code .json} suffix or
 * {@code Accept: application/json}. Basic auth: the admin may run everything; a mount's source credentials may run
 * that mount's commands, as in Icecast. Anything else gets a 401 that makes browsers ask for a login.
 */
public final class AdminEndpoint implements OffLoopEndpoint {

    private static final String PREFIX = "/admin/";
    /** Icecast's older names for commands, which it still answers: {@code stats.xml} (scripts, monitoring plugins). */
    private static final Map<String, String> OLD_NAMES = Map.of("stats.xml", "stats");

    private final ServerContext context;
    private final StatusReport report;
    private final Map<String, AdminCommand> commands = new LinkedHashMap<>();

    /** @param reloadConfig reads the config file again and puts it into force ({@code /admin/reloadconfig}) */
    public AdminEndpoint(ServerContext context, StatusReport report, Supplier<ReloadOutcome> reloadConfig) {
        this(context, report, List.of(new StatsCommand(), new ListMountsCommand(), new ListClientsCommand(),
                new KillClientCommand(), new KillSourceCommand(), new MoveClientsCommand(), new PlaylistCommand(),
                new SkipCommand(), new QueueCommand(), new RescanCommand(), new ManageAuthCommand(),
                new FallbacksCommand(), new ReloadConfigCommand(reloadConfig)));
    }

    AdminEndpoint(ServerContext context, StatusReport report, List<AdminCommand> available) {
        this.context = context;
        this.report = report;
        available.forEach(command -> commands.put(command.name(), command));
    }

    /**
     * GET runs a command; HEAD (uptime monitors) gets a read-only command's head without its body. HEAD never runs a
     * command that acts, and is not taken for a listener of a mount named {@code /admin/...} either.
     */
    @Override
    public boolean matches(HttpMethod method, String path) {
        AdminCommand command = command(path);
        if (command == null) {
            return false;
        }
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) && command.readsOnly();
    }

    /**
     * The commands that only read a report (listclients, stats, listmounts), and reloadconfig, which waits for the
     * reload, are answered off the event loops.
     */
    @Override
    public boolean answersOffLoop(HttpRequest request, RequestPath path) {
        return command(path.path()).answersOffLoop();
    }

    @Override
    public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) {
        AdminCommand command = command(path.path());
        if (CrossSite.isCrossSite(request)) {
            context.requests().rejected(403);
            return AdminReply.failure(HttpResponseStatus.FORBIDDEN,
                    "Admin commands are refused when another site sends them").toResponse(Json.wanted(request, path.path()));
        }
        if (!authorised(command, Credentials.of(request), path)) {
            context.requests().rejected(401);
            return Responses.unauthorized("relaycast", "Authentication required");
        }
        AdminReply reply;
        try {
            reply = command.run(new AdminRequest(path, RequestHost.of(request, channel), context, report));
        } catch (AdminFailure failure) {
            reply = failure.reply();
        }
        if (reply.status().code() >= 400) {
            context.requests().rejected(reply.status().code());
        }
        return reply.toResponse(Json.wanted(request, path.path()));
    }

    private boolean authorised(AdminCommand command, Optional<Credentials> credentials, RequestPath path) {
        if (context.auth().isAdmin(credentials)) {
            return true;
        }
        String mount = path.param("mount");
        return command.mountScoped() && mount != null && SourceCredentials.mayControl(context, credentials, mount);
    }

    private AdminCommand command(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String name = path.substring(PREFIX.length());
        if (name.endsWith(".json")) {
            name = name.substring(0, name.length() - ".json".length());
        }
        return commands.get(OLD_NAMES.getOrDefault(name, name));
    }
}
