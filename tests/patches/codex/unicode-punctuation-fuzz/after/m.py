import asyncio
run()
