package dev.featurestore.version;

/**
 * Who takes a run lock, written into it, and whether the owner named in a lock is known to be gone. Locally
 * that is a process on this host ({@code dev.featurestore.local.LocalProcessOwner}): a crashed run's lock is
 * taken over at once instead of after its lifetime. A Lambda cannot tell whether another container lives, so on
 * AWS nobody is ever known to be gone ({@link #REMOTE}) and a lock only expires.
 */
public interface LockOwner {

    /** Never known to be gone: the lock expires after its lifetime. */
    LockOwner REMOTE = new LockOwner() {
        @Override
        public String describe() {
            return "remote";
        }

        @Override
        public boolean isGone(String owner) {
            return false;
        }
    };

    /** One line naming the taker, e.g. {@code pid 4242 on host build-1}. */
    String describe();

    /** Whether the owner a lock names (what its {@link #describe} wrote) is known to have died. */
    boolean isGone(String owner);
}
