[System.Flags]
enum Perm
{
    None = 0,
    Read = 1,
    Write,
}
