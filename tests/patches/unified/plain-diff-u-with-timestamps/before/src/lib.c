int x;
int z;
