export class UserController {
  /** Returns one user. */
  @Get(":id")
  @UseGuards(AuthGuard)
  find(@Param("id") id: string) {
    return this.users.find(id);
  }

  ping() {
    return "pong";
  }
}
