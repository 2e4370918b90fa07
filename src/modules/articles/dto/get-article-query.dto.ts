import { IncludeQuery } from '../../../common/dto';
import { MemoizedValidation } from '../../../common/validation';
import { ARTICLE_INCLUDES, type ArticleInclude } from './list-articles-query.dto';

/** Query of `GET /v1/articles/:id`; almost always empty, so each distinct query is validated once. */
@MemoizedValidation()
export class GetArticleQueryDto {
  @IncludeQuery(ARTICLE_INCLUDES)
  include?: ArticleInclude[];
}
