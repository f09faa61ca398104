export function fetchUser(id: string): Promise<User> {
  return http.get(`/users/${id}`);
}

export function fetchTeam(id: string): Promise<Team> {
  return http.get(`/teams/${id}`);
}
