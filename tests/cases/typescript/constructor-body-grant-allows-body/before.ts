@Injectable()
export class MailService {
  constructor(private readonly transport: Transport, private readonly from: string) {}

  send(to: string, body: string): Promise<void> {
    return this.transport.deliver({ from: this.from, to, body });
  }
}
