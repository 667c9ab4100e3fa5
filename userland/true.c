/*
 * /bin/true: exits 0.  selftest execs it to check execve().
 */
int main(void)
{
	return 0;
}
