[System.Flags]
enum Perm
{
    None = 0,
    Read = 4,
    Write,
}
