package app.users;

import java.util.ArrayList;
import java.util.List;

/** Keeps users by name. */
public class UserStore {
    /** Bounds a store. */
    public static final int MAX_USERS = 100;

    private final List<String> names = new ArrayList<>();

    /** An empty store. */
    public UserStore() {
        names.clear();
    }

    /** Adds a user; false when the store is full. */
    public boolean add(String name) {
        if (names.size() >= MAX_USERS) {
            return false;
        }
        names.add(normalize(name));
        return true;
    }

    /** The number of users. */
    public int count() {
        return names.size();
    }

    /** Trims and lowercases a name. */
    static String normalize(String name) {
        return name.trim().toLowerCase();
    }

    /** A role. */
    public enum Role {
        ADMIN,
        USER;

        /** Whether it may delete. */
        boolean mayDelete() {
            return this == ADMIN;
        }
    }
}
