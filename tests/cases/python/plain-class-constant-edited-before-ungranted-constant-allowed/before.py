class Config:
    TIMEOUT = 30
    RETRIES = 3
