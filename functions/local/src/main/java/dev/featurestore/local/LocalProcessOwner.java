package dev.featurestore.local;

import dev.featurestore.version.LockOwner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run lock taken by a process on this host: the lock names {@code pid N on host H}, and a lock whose process
 * is no longer alive on this same host is known to be gone (a crashed or killed calculation), so the next run
 * takes it over at once instead of waiting out its lifetime. A lock from another host is never judged.
 */
public final class LocalProcessOwner implements LockOwner {
    private static final Pattern OWNER = Pattern.compile("pid (\\d+) on host (\\S+)");

    private final long pid;
    private final String host;
    private final LongPredicate alive;

    LocalProcessOwner(long pid, String host, LongPredicate alive) {
        this.pid = pid;
        this.host = host;
        this.alive = alive;
    }

    /** This process, on this host, judging others by {@link ProcessHandle}. */
    public static LocalProcessOwner current() {
        return new LocalProcessOwner(ProcessHandle.current().pid(), hostName(),
                p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public String describe() {
        return "pid " + pid + " on host " + host;
    }

    @Override
    public boolean isGone(String owner) {
        Matcher m = OWNER.matcher(owner);
        if (!m.matches() || !m.group(2).equals(host) || host.equals("unknown")) {
            return false;
        }
        long holder = Long.parseLong(m.group(1));
        return holder != pid && !alive.test(holder);
    }
}
