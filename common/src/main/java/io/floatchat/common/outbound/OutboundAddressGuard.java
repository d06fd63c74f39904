package io.floatchat.common.outbound;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one guard of every outbound call a tenant can aim (webhooks, channel API base URLs): the URL
 * must have an allowed form ({@link OutboundUrls}), and every address its host resolves to must be
 * public ({@link AddressClass}) — or private, when the operator allows private networks; the
 * forbidden classes never pass. The caller connects to the {@link Destination#address()} vetted
 * here, never to a second lookup of the name, and asks again for every connection it makes (a
 * host's addresses are reused for {@link OutboundConfig#resolvedAddressTtl()}, then resolved and
 * vetted anew, since DNS changes). A name lookup may block, so it runs on a few threads of the
 * guard's own, never the service's shared workers, and concurrent calls to one host share one
 * lookup; a name that does not resolve is remembered for {@value #UNRESOLVED_SECONDS} s. An IP
 * literal is only parsed, on the caller's thread.
 * <p>
 * A host with known addresses is not waited for again: past its TTL they go on being used (and
 * vetted) while one lookup refreshes them in the background — a refresh that finds no address keeps
 * them — for at most {@value #STALE_TTLS} TTLs from their answer. So a tenant whose name server is
 * slow, holding the lookup threads, delays only first lookups, not another tenant's calls to a host it
 * already calls (Meta's API).
 */
@ApplicationScoped
public class OutboundAddressGuard {

    private static final int MAX_REMEMBERED_HOSTS = 10_000;
    private static final int UNRESOLVED_SECONDS = 5;
    private static final int LOOKUP_THREADS = 4;
    /** How long known addresses are used, in TTLs, while their refresh has not come back. */
    static final int STALE_TTLS = 10;
    private static final InetAddress[] UNRESOLVED = new InetAddress[0];
    private static final Executor LOOKUPS = Executors.newFixedThreadPool(LOOKUP_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "outbound-dns");
        thread.setDaemon(true);
        return thread;
    });

    private final boolean allowPrivateNetworks;
    private final AsyncLoadingCache<String, Resolved> resolved;

    @Inject
    public OutboundAddressGuard(OutboundConfig config) {
        this(config, OutboundAddressGuard::resolve, Ticker.systemTicker(), LOOKUPS);
    }

    /** With the lookups, clock and lookup threads given (tests). */
    OutboundAddressGuard(OutboundConfig config, Function<String, InetAddress[]> lookup, Ticker ticker, Executor lookups) {
        this.allowPrivateNetworks = config.allowPrivateNetworks();
        long ttl = config.resolvedAddressTtl().toNanos();
        long unresolved = TimeUnit.SECONDS.toNanos(UNRESOLVED_SECONDS);
        this.resolved = Caffeine.newBuilder()
                .maximumSize(MAX_REMEMBERED_HOSTS)
                .executor(lookups)
                .ticker(ticker)
                .refreshAfterWrite(config.resolvedAddressTtl())
                .expireAfter(new Expiry<String, Resolved>() {
                    @Override
                    public long expireAfterCreate(String host, Resolved answer, long now) {
                        // from when the name server gave these addresses: a kept answer does not live longer
                        return answer.addresses().length == 0 ? unresolved : Math.max(0, answer.at() + STALE_TTLS * ttl - now);
                    }

                    @Override
                    public long expireAfterUpdate(String host, Resolved answer, long now, long current) {
                        return expireAfterCreate(host, answer, now);
                    }

                    @Override
                    public long expireAfterRead(String host, Resolved answer, long now, long current) {
                        return current;
                    }
                })
                .buildAsync(new CacheLoader<String, Resolved>() {
                    @Override
                    public Resolved load(String host) {
                        return new Resolved(lookup.apply(host), ticker.read());
                    }

                    @Override
                    public Resolved reload(String host, Resolved known) {
                        InetAddress[] fresh = lookup.apply(host);
                        // no answer now (a timeout or SERVFAIL reads as an unknown host too) takes away none known
                        return fresh.length == 0 && known.addresses().length > 0 ? known : new Resolved(fresh, ticker.read());
                    }
                });
    }

    /** A name server's answer and when it was given (the ticker's nanoseconds). */
    private record Resolved(InetAddress[] addresses, long at) {
    }

    /** Whether the call failed because its host has no address now (worth trying again later, unlike a refusal). */
    public static boolean isUnresolved(Throwable failure) {
        return failure instanceof NotResolved;
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivateNetworks;
    }

    /** The URL's form alone, for checks that must not wait for DNS (an {@link OutboundRefusedException} if wrong). */
    public URI checkForm(String url, OutboundUrls.Kind kind) {
        return OutboundUrls.parse(url, kind, allowPrivateNetworks);
    }

    /** Form and addresses: the destination to connect to, or a failure with an {@link OutboundRefusedException}. */
    public Uni<Destination> vet(String url, OutboundUrls.Kind kind) {
        URI uri;
        try {
            uri = checkForm(url, kind);
        } catch (OutboundRefusedException refused) {
            return Uni.createFrom().failure(refused);
        }
        return vet(uri);
    }

    /**
     * A destination as a tenant configures it: its form, and — when its host resolves now — its
     * addresses. A host that does not resolve yet passes (its DNS may not be set up yet): it is vetted
     * again at every connection anyway.
     */
    public Uni<Void> vetConfigured(String url, OutboundUrls.Kind kind) {
        return vet(url, kind).onFailure(NotResolved.class).recoverWithNull().replaceWithVoid();
    }

    /** The addresses of an already well-formed URL (e.g. a redirect's target, after its form was checked). */
    public Uni<Destination> vet(URI uri) {
        String host = uri.getHost();
        if (!needsLookup(host)) {
            return Uni.createFrom().item(() -> judge(uri, resolve(host)));
        }
        CompletableFuture<Resolved> lookup = resolved.get(host);
        // a copy per caller: a caller giving up (its deadline) cancels its own, never the lookup others share
        return Uni.createFrom().completionStage(lookup::copy).map(answer -> judge(uri, answer.addresses()));
    }

    /**
     * Whether finding the host's addresses may ask a name server (and so block): false for an IP
     * literal, a strict dotted quad or a bracketed IPv6 address, which is only parsed.
     */
    public static boolean needsLookup(String host) {
        if (host == null || host.startsWith("[")) {
            return false;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return true;
        }
        for (String octet : octets) {
            boolean decimal = !octet.isEmpty() && octet.length() <= 3 && octet.chars().allMatch(Character::isDigit)
                    && (octet.length() == 1 || octet.charAt(0) != '0');
            if (!decimal || Integer.parseInt(octet) > 255) {
                return true;
            }
        }
        return false;
    }

    /** Why the address may not be called (its class, never the address), or null when it may. */
    public String refusal(InetAddress address) {
        AddressClass kind = AddressClass.of(address);
        if (kind == AddressClass.PUBLIC || (kind == AddressClass.PRIVATE && allowPrivateNetworks)) {
            return null;
        }
        return kind.description();
    }

    private Destination judge(URI uri, InetAddress[] addresses) {
        if (addresses.length == 0) {
            throw new NotResolved();
        }
        // every address must pass: a name that also resolves to a private address is refused
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new OutboundRefusedException("its host resolves to " + refusal + ", which the platform does not call");
            }
        }
        return new Destination(uri, addresses[0]);
    }

    /** The host's addresses; none when it does not resolve (remembered briefly, like an answer). */
    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return UNRESOLVED;
        }
    }

    /** The host has no address (now): refused for a call, accepted when configured. */
    private static final class NotResolved extends OutboundRefusedException {
        NotResolved() {
            super("its host does not resolve");
        }
    }
}
