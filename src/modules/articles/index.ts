/** The public surface of the articles module: other modules import from here only. */
export { ARTICLE_STATUSES, ArticleEntity, type ArticleStatus } from './article.entity';
export {
  ArticleNotAuthorError,
  ArticleNotFoundError,
  ArticleSlugTakenError,
  ArticleTopicNotFoundError,
  ArticleVersionConflictError,
} from './articles.errors';
export { ArticlesModule } from './articles.module';
export { ArticlesService } from './articles.service';
