import { Controller, Get, Post, Injectable } from "@nestjs/common";

@Controller("users")
export class UserController {
  constructor(private readonly users: UserService) {}

  @Get(":id")
  find(id: string) {
    return this.users.find(id);
  }

  @Post()
  create(body: CreateUserDto) {
    return this.users.create(body);
  }
}
