using System;
using System.Collections.Generic;

namespace App.Users;

/// <summary>Keeps users by name.</summary>
public class UserStore
{
    /// <summary>Bounds a store.</summary>
    public const int MaxUsers = 100;

    private readonly List<string> names = new();

    /// <summary>The number of users.</summary>
    public int Count => names.Count;

    /// <summary>An empty store.</summary>
    public UserStore()
    {
        names.Clear();
    }

    /// <summary>Adds a user; false when the store is full.</summary>
    [Obsolete("use TryAdd")]
    public bool Add(string name)
    {
        if (names.Count >= MaxUsers)
        {
            return false;
        }
        names.Add(Normalize(name.Trim()));
        return true;
    }

    /// <summary>Trims and lowercases a name.</summary>
    public static string Normalize(string name)
    {
        return name.Trim().ToLowerInvariant().Normalize();
    }

    /// <summary>A role.</summary>
    public enum Role
    {
        Admin,
        User,
    }
}
