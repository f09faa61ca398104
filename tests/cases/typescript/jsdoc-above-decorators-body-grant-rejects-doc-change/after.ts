export class UserController {
  /** Returns one user or 404. */
  @Get(":id")
  @UseGuards(AuthGuard)
  find(@Param("id") id: string) {
    return this.users.find(id);
  }

  ping() {
    return "pong";
  }
}
